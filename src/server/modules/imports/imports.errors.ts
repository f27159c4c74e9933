import { defineErrors } from '../../platform/http/errors.js';

export const importErrors = defineErrors({
  IMPORT_NOT_FOUND: { kind: 'not_found', 'zh-CN': '导入任务不存在', en: 'Import not found' },
  IMPORT_FILE_MISSING: { kind: 'validation', 'zh-CN': '请上传要导入的文件', en: 'Upload the file to import' },
  IMPORT_FILE_EMPTY: { kind: 'validation', 'zh-CN': '文件是空的，没有表头', en: 'The file is empty (no header row)' },
  IMPORT_FILE_UNSUPPORTED: {
    kind: 'validation',
    'zh-CN': '不支持的文件格式，请上传 CSV 或 XLSX 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）',
    en: 'Unsupported file format: upload a CSV or XLSX file (save legacy .xls files as .xlsx in Excel)',
  },
  IMPORT_CSV_MALFORMED: {
    kind: 'validation',
    'zh-CN': 'CSV 文件格式错误（第 {line} 行附近，例如引号未闭合），请检查后重新上传',
    en: 'The CSV file is malformed near line {line} (e.g. an unclosed quote); fix it and upload again',
  },
  IMPORT_XLSX_MALFORMED: {
    kind: 'validation',
    'zh-CN': 'XLSX 文件已损坏或不是有效的 Excel 工作簿',
    en: 'The XLSX file is damaged or not a valid Excel workbook',
  },
  IMPORT_FILE_TOO_LARGE: { kind: 'payload_too_large', 'zh-CN': '文件过大（上限 {maxMb} MB）', en: 'The file is too large (limit {maxMb} MB)' },
  IMPORT_OBJECT_UNSUPPORTED: {
    kind: 'validation',
    'zh-CN': '暂不支持导入该类数据：{objectType}',
    en: 'Importing {objectType} is not supported',
  },
  IMPORT_MAPPING_INVALID: { kind: 'validation', 'zh-CN': '字段映射有误', en: 'The column mapping is invalid' },
  IMPORT_NOT_RUNNABLE: {
    kind: 'conflict',
    'zh-CN': '只有已完成校验的试导入才能正式导入',
    en: 'Only a completed dry run can be run for real',
  },
  IMPORT_NOT_RESUMABLE: {
    kind: 'conflict',
    'zh-CN': '只有失败或中断的导入才能继续',
    en: 'Only a failed or interrupted import can be resumed',
  },
});

/** Field-level messages of the import request. */
export const importFieldMessages = {
  mappingJson: { 'zh-CN': '应为 JSON 对象 { 列名: 字段 }', en: 'must be a JSON object { column: field }' },
  unknownField: { 'zh-CN': '未知字段：{field}', en: 'unknown field: {field}' },
  duplicateTarget: { 'zh-CN': '多个列映射到同一字段：{field}', en: 'several columns map to the same field: {field}' },
  nameRequired: { 'zh-CN': '必须映射「{label}」列', en: 'a column must map to "{label}"' },
  optionsJson: { 'zh-CN': '应为 JSON 对象', en: 'must be a JSON object' },
  policy: { 'zh-CN': '应为 skip、update 或 create', en: 'must be skip, update or create' },
};
