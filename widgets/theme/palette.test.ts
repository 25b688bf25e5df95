/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { colourClass, OTHERS, paletteIndex, PALETTE_SIZE } from './palette.ts';

describe('palette', () => {
  it('maps a name to the same index every time, fixed across releases', () => {
    // Pinned: changing the hash would recolour every chart people have learned to read.
    expect(['smith', 'kumar', 'garcia', 'chem', 'physics'].map(paletteIndex)).to.deep.equal(
      ['smith', 'kumar', 'garcia', 'chem', 'physics'].map(paletteIndex),
    );
    expect(paletteIndex('smith')).to.equal(PINNED.smith);
    expect(paletteIndex('chem')).to.equal(PINNED.chem);
  });

  it('spreads names over the whole palette', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(paletteIndex(`user${i}`));
    expect(seen.size).to.equal(PALETTE_SIZE);
  });

  it('keeps others out of the palette', () => {
    expect(colourClass(OTHERS)).to.equal('colour-others');
    expect(colourClass('smith')).to.equal(`colour-${PINNED.smith}`);
  });
});

const PINNED = { smith: 5, chem: 6 };
