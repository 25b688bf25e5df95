/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { arcsOf, donutSlicePath, midDirection } from './pie-geometry.ts';

describe('pie geometry', () => {
  it('splits a turn in proportion to the values', () => {
    expect(arcsOf([1, 1, 2])).to.deep.equal([
      { start: 0, end: 0.25 },
      { start: 0.25, end: 0.5 },
      { start: 0.5, end: 1 },
    ]);
    expect(arcsOf([0, 0])).to.deep.equal([
      { start: 0, end: 0 },
      { start: 0, end: 0 },
    ]);
  });

  it('draws a quarter from twelve to three o’clock', () => {
    expect(donutSlicePath({ start: 0, end: 0.25 }, 1, 0.5)).to.equal('M 0 -1 A 1 1 0 0 1 1 0 L 0.5 0 A 0.5 0.5 0 0 0 0 -0.5 Z');
  });

  it('uses the large-arc flag past half a turn and draws a full ring in two halves', () => {
    expect(donutSlicePath({ start: 0, end: 0.75 }, 1, 0.5)).to.contain('A 1 1 0 1 1');
    const ring = donutSlicePath({ start: 0, end: 1 }, 1, 0.5);
    expect(ring.match(/A /g)).to.have.length(4);
    expect(donutSlicePath({ start: 0.3, end: 0.3 }, 1, 0.5)).to.equal('');
  });

  it('points through the middle of an arc', () => {
    expect(midDirection({ start: 0, end: 0.5 })).to.deep.equal({ x: 1, y: 0 });
  });
});
