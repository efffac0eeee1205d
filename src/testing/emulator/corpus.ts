/**
 * Word lists the seeded data is drawn from. Plain data, typed as non-empty tuples so
 * picking from them needs no undefined checks.
 */

type NonEmpty = readonly [string, ...string[]];

export const FIRST_NAMES: NonEmpty = [
  'Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas',
  'Keiko', 'Liam', 'Maya', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tara',
  'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Amara', 'Boris', 'Chloe', 'Dmitri',
];

export const LAST_NAMES: NonEmpty = [
  'Silva', 'Okafor', 'Nguyen', 'Müller', 'Rossi', 'Kowalski', 'Haddad', 'Tanaka', 'García', 'Johansson',
  'Dubois', 'Patel', 'Kim', 'O\'Brien', 'Novak', 'Costa', 'Yilmaz', 'Andersen', 'Moreau', 'Ibrahim',
];

export const USER_LINES: NonEmpty = [
  'Hi! Is this still available?',
  'What are your opening hours today?',
  'Do you ship to Portugal?',
  'Thanks, that works for me 👍',
  'Can I change my order?',
  'How much is the blue one?',
  'See you tomorrow',
  'Is there a discount for students?',
  'My order has not arrived yet',
  'Perfect, thank you!',
  'Can I pay on delivery?',
  'Do you have it in size M?',
  'Sent you the photo',
  'ok',
  'Great, booking it now',
  'Any news about my repair?',
];

export const PAGE_LINES: NonEmpty = [
  'Hello! Yes, it is still available.',
  'We are open from 9:00 to 18:00.',
  'Thanks for your message, we will get back to you shortly.',
  'Your order is on its way.',
  'Sure, I have updated your order.',
  'It costs 49 EUR, shipping included.',
  'You are welcome!',
  'Could you send us your order number?',
];

export const ATTACHMENT_NAMES: NonEmpty = ['photo.jpg', 'receipt.pdf', 'screenshot.png', 'invoice.pdf', 'IMG_2041.jpg'];
