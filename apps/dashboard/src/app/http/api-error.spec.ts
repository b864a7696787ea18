import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { describeRequestProblem } from './api-error';
import { loadTranslations, provideI18nTesting } from '../i18n/i18n.testing';

describe('describeRequestProblem', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18nTesting()] });
    await loadTranslations();
  });
  it("uses the API's error and sorts validation details by field", () => {
    const problem = describeRequestProblem(
      new HttpErrorResponse({
        status: 400,
        error: {
          error: 'Invalid request',
          details: [
            { field: 'domain', problems: ['domain must be a domain name such as example.com'] },
            { field: 'name', problems: ['property name should not exist'] },
          ],
        },
      }),
    );
    expect(problem).toEqual({
      status: 400,
      message: 'Invalid request',
      fields: { domain: ['domain must be a domain name such as example.com'], name: ['property name should not exist'] },
    });
  });

  it('says the server cannot be reached when the request never got an answer', () => {
    expect(describeRequestProblem(new HttpErrorResponse({ status: 0 })).message).toContain('Cannot reach the Cairn server');
  });

  it('falls back to the status when the body is not an API error', () => {
    const problem = describeRequestProblem(new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>' }));
    expect(problem.message).toBe('The server answered 502 Bad Gateway. Try again.');
  });
});
