// @nestjs/throttler is the one CommonJS package among Nest 12's ESM ones; Jest's module loader cannot
// require() ESM on Node 20, so unit specs that reach it through a lib index get these inert stand-ins.
// Throttling itself is proven end to end against the real server (test/api/auth.e2e-spec.ts).
export class ThrottlerGuard {
  canActivate(): boolean {
    return true;
  }
}
export class ThrottlerModule {
  static forRoot(): object {
    return { module: ThrottlerModule };
  }
}
export const SkipThrottle = (): MethodDecorator & ClassDecorator => () => undefined;
export const Throttle = (): MethodDecorator & ClassDecorator => () => undefined;
