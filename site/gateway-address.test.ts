/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { gatewaySocketUrl } from '../worker/gateway-url.ts';
import { gatewayAddress, tokenOf } from './gateway-address.ts';

describe('gatewayAddress', () => {
  it('uses the gateway that served the page, at the root or under a path', () => {
    expect(gatewayAddress(new URL('https://stats.example.org/index.html'))).to.equal('https://stats.example.org/ws');
    expect(gatewayAddress(new URL('https://hpc.example.org/webstat/wall.html?x=1'))).to.equal('https://hpc.example.org/webstat/ws');
  });

  it('takes ?gateway=, absolute or relative to the page', () => {
    expect(gatewayAddress(new URL('https://wiki.example.org/a?gateway=https://stats.example.org'))).to.equal('https://stats.example.org/');
    expect(gatewayAddress(new URL('https://x.example.org/site/index.html?gateway=/gw/ws'))).to.equal('https://x.example.org/gw/ws');
  });

  it('names the same socket as the worker does for either spelling', () => {
    const served = gatewayAddress(new URL('https://stats.example.org/index.html'));
    const given = gatewayAddress(new URL('https://other.example.org/?gateway=https://stats.example.org'));
    expect(gatewaySocketUrl(served)).to.equal(gatewaySocketUrl(given));
  });

  it('reads the token, empty meaning none', () => {
    expect(tokenOf(new URL('https://x.example.org/?token=abc'))).to.equal('abc');
    expect(tokenOf(new URL('https://x.example.org/?token='))).to.equal(null);
  });
});
