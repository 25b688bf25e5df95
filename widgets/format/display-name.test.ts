/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { displayName } from './display-name.ts';

describe('displayName', () => {
  it('shortens the gateway’s pseudonyms to the part that tells them apart', () => {
    expect(displayName('user-7f3a9c')).to.equal('#7f3a9c');
    expect(displayName('group-01b2e4')).to.equal('#01b2e4');
  });

  it('leaves real names alone, even ones that look a little like pseudonyms', () => {
    expect(displayName('smith')).to.equal('smith');
    expect(displayName('user-admin')).to.equal('user-admin');
    expect(displayName('others')).to.equal('others');
  });
});
