import { prototypeKeyProblems } from './validation.pipe.js';

describe(prototypeKeyProblems.name, () => {
  it('names each key that is a member of Object.prototype, at any depth', () => {
    const body = JSON.parse('{"site":"a","hasOwnProperty":1,"steps":[{"page":"/","toString":"x"}],"__proto__":{"polluted":true}}');
    expect(prototypeKeyProblems(body)).toEqual([
      { field: 'hasOwnProperty', problems: ['property hasOwnProperty should not exist'] },
      { field: 'steps.0.toString', problems: ['property toString should not exist'] },
      { field: '__proto__', problems: ['property __proto__ should not exist'] },
    ]);
  });

  it('looks at the top level only when asked', () => {
    expect(prototypeKeyProblems({ props: { valueOf: 1 } }, { nested: false })).toEqual([]);
    expect(prototypeKeyProblems({ isPrototypeOf: 1 }, { nested: false })).toEqual([{ field: 'isPrototypeOf', problems: ['property isPrototypeOf should not exist'] }]);
  });

  it('leaves ordinary bodies and query strings alone', () => {
    expect(prototypeKeyProblems({ site: 'a', period: '7d', 'filter.page': ['/'], steps: [{ page: '/' }, { event: 'Signup' }] })).toEqual([]);
    expect(prototypeKeyProblems(undefined)).toEqual([]);
    expect(prototypeKeyProblems('text')).toEqual([]);
  });
});
