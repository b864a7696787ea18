// Request and response shapes shared by the API and the dashboard. Plain types only:
// no Nest, Angular or TypeORM imports, so both sides can depend on this file.

/** Every error answer of the API. */
export interface ApiError {
  error: string;
  details?: unknown;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  /** ISO 8601 instant after which the token is refused. */
  expiresAt: string;
}

export type UserRole = 'admin' | 'member';

export interface CurrentUser {
  id: number;
  email: string;
  role: UserRole;
}

export interface CreateApiKeyRequest {
  name: string;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  /** First characters of the key, enough to recognise it in a list. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The whole key. Shown once: only its hash is stored. */
  key: string;
}

export interface Site {
  domain: string;
  /** IANA time zone; the site's day boundaries. */
  timezone: string;
  createdAt: string;
}

export interface CreateSiteRequest {
  domain: string;
  timezone?: string;
}

export interface HealthResponse {
  status: 'ok' | 'error';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

/** One entry of a 400's `details`: a request field and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problems: string[];
}
