/** The demo login shown on the login screen of `npm start`. */
export interface DemoCredentials {
  readonly email: string;
  readonly password: string;
}
