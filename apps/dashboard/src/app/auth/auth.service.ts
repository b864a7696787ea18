import { HttpClient } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import type { CurrentUser, LoginRequest, LoginResponse } from '@cairn/contracts';
import { firstValueFrom } from 'rxjs';

/** The localStorage key of the signed-in owner's token; the visitor tracker never stores anything. */
export const SESSION_KEY = 'cairn.session';

interface StoredSession {
  token: string;
  expiresAt: string;
}

/** The /api/auth area: signing in and out, the token, and who is signed in. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly session = signal<StoredSession | null>(readStoredSession());
  private readonly user = signal<CurrentUser | null>(null);
  private pendingUser: Promise<CurrentUser> | null = null;

  /** The signed-in user, once /api/auth/me has answered. */
  readonly currentUser = this.user.asReadonly();

  /** The bearer token, or null when there is none or it has expired. */
  token(): string | null {
    const session = this.session();
    return session && !isExpired(session) ? session.token : null;
  }

  async login(credentials: LoginRequest): Promise<CurrentUser> {
    const answer = await firstValueFrom(this.http.post<LoginResponse>('/api/auth/login', credentials));
    const session: StoredSession = { token: answer.token, expiresAt: answer.expiresAt };
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    this.session.set(session);
    this.user.set(null);
    return this.loadCurrentUser();
  }

  /** Asks the API who the token belongs to; one request even when called twice at once. */
  loadCurrentUser(): Promise<CurrentUser> {
    const known = this.user();
    if (known) return Promise.resolve(known);
    this.pendingUser ??= firstValueFrom(this.http.get<CurrentUser>('/api/auth/me'))
      .then((user) => {
        this.user.set(user);
        return user;
      })
      .finally(() => (this.pendingUser = null));
    return this.pendingUser;
  }

  async logout(): Promise<void> {
    try {
      if (this.token()) await firstValueFrom(this.http.post<void>('/api/auth/logout', null));
    } finally {
      // Signed out on this device even when the server could not be told.
      this.clearSession();
    }
  }

  clearSession(): void {
    localStorage.removeItem(SESSION_KEY);
    this.session.set(null);
    this.user.set(null);
  }
}

function readStoredSession(): StoredSession | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null');
    if (isStoredSession(parsed) && !isExpired(parsed)) return parsed;
  } catch {
    // A hand-edited or foreign value: treat as signed out.
  }
  localStorage.removeItem(SESSION_KEY);
  return null;
}

function isStoredSession(value: unknown): value is StoredSession {
  const candidate = value as Partial<StoredSession> | null;
  return typeof candidate?.token === 'string' && typeof candidate.expiresAt === 'string';
}

function isExpired(session: StoredSession): boolean {
  const expiresAt = Date.parse(session.expiresAt);
  return Number.isFinite(expiresAt) && expiresAt <= Date.now();
}
