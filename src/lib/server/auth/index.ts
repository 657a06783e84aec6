export * from './password';
export * from './permissions';
export * from './phone';
export * from './session';
export * from './throttle';
export * from './user';
export * from './login';
export * from './admin';
