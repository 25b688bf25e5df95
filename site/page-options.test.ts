/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { pageOptions, withOption } from './page-options.ts';

describe('pageOptions', () => {
  it('reads the options a shared link carries', () => {
    expect(pageOptions(new URL('https://x.example.org/?range=7d&metric=gpus&clusters=a,b&top=5&theme=dark&highlight=smith'))).to.deep.equal({
      range: '7d',
      metric: 'gpus',
      clusters: 'a,b',
      top: 5,
      theme: 'dark',
      highlight: 'smith',
    });
  });

  it('falls back to the defaults for values it does not know', () => {
    expect(pageOptions(new URL('https://x.example.org/?range=2w&metric=watts&top=-3&theme=pink'))).to.deep.equal({
      range: '24h',
      metric: 'cores',
      clusters: '',
      top: 8,
      theme: null,
      highlight: '',
    });
  });

  it('writes an option into the address, leaving defaults out', () => {
    expect(withOption(new URL('https://x.example.org/?range=7d'), 'range', '24h', '24h').href).to.equal('https://x.example.org/');
    expect(withOption(new URL('https://x.example.org/'), 'metric', 'gpus', 'cores').href).to.equal('https://x.example.org/?metric=gpus');
  });
});
