import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { safeReturnUrl } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { describeRequestProblem } from '../http/api-error';
import { LanguageSwitchComponent } from '../i18n/language-switch.component';
import { t } from '../i18n/translate';
import { loginTranslations } from './login.translations';

@Component({
  selector: 'cairn-login',
  imports: [ReactiveFormsModule, TranslocoDirective, LanguageSwitchComponent],
  providers: [loginTranslations],
  templateUrl: './login.component.html',
  styleUrl: './login.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** From the query string (component input binding): where the guard sent us away from. */
  readonly returnUrl = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Shown only after a submit attempt, so an untouched form does not start out red. */
  protected readonly showFieldErrors = signal(false);

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.showFieldErrors.set(true);
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    try {
      await this.auth.login(this.form.getRawValue());
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      const problem = describeRequestProblem(error);
      this.error.set(problem.status === 429 ? t('login.tooManyAttempts') : problem.message);
      this.form.controls.password.reset();
    } finally {
      this.submitting.set(false);
    }
  }
}
