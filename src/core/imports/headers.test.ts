import { describe, expect, it } from 'vitest';
import { detectEncoding, detectFormat } from './encoding.js';
import { headerSignature, normalizeHeader, suggestMapping } from './headers.js';
import { columnsOf, mapRow, type FieldSpec } from './rows.js';

describe('headers', () => {
  it('normalises', () => {
    expect(normalizeHeader('\ufeff Office_Location ')).toBe('officelocation');
    expect(normalizeHeader('客户名称（必填）')).toBe('客户名称必填');
  });
  it('signature ignores order and case', () => {
    expect(headerSignature(['Account', 'Sector'])).toBe(headerSignature(['sector', 'ACCOUNT ']));
  });
  it('suggests by zh and en names, each field once', () => {
    const fields = [
      { key: 'name', labels: ['客户名称', 'account', 'company name', '公司名称'] },
      { key: 'phone', labels: ['电话', 'phone', 'telephone'] },
      { key: 'industry', labels: ['行业', 'industry', 'sector'] },
      { key: 'customFields.revenue', labels: ['营收', 'revenue'] },
    ];
    expect(suggestMapping(['account', 'sector', 'revenue', 'year_established', 'Telephone'], fields)).toEqual({
      account: 'name',
      sector: 'industry',
      revenue: 'customFields.revenue',
      Telephone: 'phone',
    });
    expect(suggestMapping(['公司名称', '客户名称', '联系电话'], fields)).toMatchObject({ 公司名称: 'name', 联系电话: 'phone' });
  });
});

describe('encoding and format', () => {
  it('detects BOM, UTF-8 and GBK', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8-bom');
    expect(detectEncoding(new TextEncoder().encode('客户名称,电话'))).toBe('utf-8');
    // "客户" in GBK
    expect(detectEncoding(new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7]))).toBe('gbk');
    // a UTF-8 character cut at the end of the sample is still UTF-8
    expect(detectEncoding(new TextEncoder().encode('客户').slice(0, 5))).toBe('utf-8');
  });
  it('detects xlsx by its zip signature', () => {
    expect(detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), 'a.bin')).toBe('xlsx');
    expect(detectFormat(new TextEncoder().encode('a,b'), 'a.csv')).toBe('csv');
    expect(detectFormat(new TextEncoder().encode('a,b'), 'a.xlsx')).toBeNull();
    expect(detectFormat(new Uint8Array([0, 1, 2]), 'a.csv')).toBeNull();
  });
});

describe('mapRow', () => {
  const label = (s: string) => ({ 'zh-CN': s, en: s });
  const specs = new Map<string, FieldSpec>([
    ['name', { key: 'name', kind: 'text', required: true, maxLength: 10, label: label('name') }],
    ['signedOn', { key: 'signedOn', kind: 'date', label: label('signedOn') }],
    ['amount', { key: 'amount', kind: 'money', label: label('amount') }],
  ]);
  const columns = columnsOf(['名称', '签约日期', '金额', '行业'], { 名称: 'name', 签约日期: 'signedOn', 金额: 'amount', 行业: 'customFields.sector' });
  it('maps values and passes custom fields through', () => {
    expect(mapRow(['  华东 ', '2026年1月5日', '¥1.2万', '制造'], columns, specs)).toEqual({
      values: { name: '华东', signedOn: '2026-01-05', amount: 1200000 },
      raw: { 'customFields.sector': '制造' },
      problems: [],
    });
  });
  it('reports bad dates, bad money and a missing name', () => {
    const { problems } = mapRow(['', 'soon', 'lots', ''], columns, specs);
    expect(problems.map((p) => p.code).sort()).toEqual(['invalid_date', 'invalid_money', 'required']);
    expect(problems.every((p) => p.message['zh-CN'] && p.message.en)).toBe(true);
  });
});
