// Where log lines go: VS Code's LogOutputChannel satisfies it; tests pass a collector.

export interface Logger { trace?(m: string): void; debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void }
