// What a chaos child process is told by the test, through its environment.
export function childEnv(role: string): (name: string) => string {
  return (name) => {
    const value = process.env[name];
    if (value === undefined) throw new Error(`${role}: ${name} is not set`);
    return value;
  };
}
