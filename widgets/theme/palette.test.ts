/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { chartColourClass, chartColours, nameColour } from './chart-colours.ts';
import { OTHERS, paletteIndex, PALETTE_SIZE, toneIndex } from './palette.ts';

describe('palette', () => {
  it('gives a name the same colour every time, pinned across releases', () => {
    // Changing the hash would recolour every chart people have learned to read.
    expect(nameColour('smith')).to.deep.equal({ index: 5, tone: 1 });
    expect(nameColour('chem')).to.deep.equal({ index: 6, tone: 2 });
    expect(nameColour('haddad')).to.deep.equal({ index: 8, tone: 0 });
  });

  it('spreads names over every hue and tone', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) seen.add(`${paletteIndex(`user${i}`)}/${toneIndex(`user${i}`)}`);
    expect(seen.size).to.equal(PALETTE_SIZE * 3);
  });

  it('keeps others grey, outside the palette', () => {
    expect(chartColourClass(nameColour(OTHERS))).to.equal('colour-others');
  });
});

describe('chartColours', () => {
  it('keeps each name its own colour when no other name of the chart has it', () => {
    expect(chartColours(['smith', 'garcia', 'haddad', OTHERS])).to.deep.equal([
      nameColour('smith'),
      nameColour('garcia'),
      nameColour('haddad'),
      { index: null, tone: 0 },
    ]);
  });

  it('moves the lower-ranked of two names with the very same colour to another tone of its hue', () => {
    // kowalski, okafor and kumar are all palette colour 5, tone 2.
    const [kowalski, okafor, kumar] = chartColours(['kowalski', 'okafor', 'kumar']);
    expect(kowalski).to.deep.equal({ index: 5, tone: 2 });
    expect(okafor).to.deep.equal({ index: 5, tone: 0 });
    expect(kumar).to.deep.equal({ index: 5, tone: 1 });
    expect(chartColourClass(kumar!)).to.equal('colour-5 tone-1');
  });
});
