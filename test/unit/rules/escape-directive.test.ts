import { escapeDirective } from '../../../src/lint/rules/dockerfile/escape-directive';
import { ruleTester } from '../ruleTester';

/** A Dockerfile from its lines. */
const df = (...lines: string[]) => [...lines, ''].join('\n');

ruleTester(escapeDirective, 'dockerfile', {
  valid: [
    { code: df('# escape=`', 'FROM mcr.microsoft.com/windows/nanoserver', 'COPY app c:\\app') },
    { code: df('# escape=\\', 'FROM alpine') },
    { code: df('#escape = `', 'FROM alpine'), name: 'spaces around "="' },
    { code: df('# ESCAPE=`', 'FROM alpine'), name: 'upper case name' },
    { code: df('# escape=\\  ', 'FROM alpine'), name: 'trailing spaces' },
    { code: df('FROM alpine', '# escape=x'), name: 'after an instruction: a comment' },
    { code: df('# build the app', '# escape=x', 'FROM alpine'), name: 'after a comment: a comment' },
    { code: df('', '# escape=x', 'FROM alpine'), name: 'after a blank line: a comment' },
    { code: df('# foo=bar', '# escape=x', 'FROM alpine'), name: 'after an unknown directive: a comment' },
    { code: df('#!/usr/bin/env docker-build', '# escape=x', 'FROM alpine'), name: 'after a shebang: a comment' },
    { code: df('# syntax=docker/dockerfile:1', '# escape=`', 'FROM alpine'), name: 'after the syntax directive' },
    { code: df('# check=skip=all', '# escape=\\', 'FROM alpine'), name: 'after the check directive' },
    { code: df('FROM alpine', 'RUN echo "# escape=x"'), name: 'inside an instruction' },
    { code: df('# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1.7', 'FROM alpine'), name: 'a repeated syntax directive (not this rule)' },
    { code: '# escape=`\r\nFROM alpine\r\n', name: 'CRLF' },
    { code: '\uFEFF# escape=`\nFROM alpine\n', name: 'byte order mark' },
    { code: df('# escape x', 'FROM alpine'), name: 'no "=": a comment' },
  ],
  invalid: [
    {
      code: df('# escape=x', 'FROM alpine'),
      errors: [{ line: 1, column: 10, endLine: 1, endColumn: 11, message: 'invalid escape token \'x\' does not match ` or \\', severity: 'error' }],
      output: null,
    },
    {
      name: 'two backslashes',
      code: df('# escape=\\\\', 'FROM alpine'),
      errors: [{ line: 1, column: 10, endLine: 1, endColumn: 12, message: 'The escape directive is set to "\\\\"' }],
      output: null,
    },
    {
      name: 'leading whitespace, upper case, spaces around "="',
      code: df('  #  ESCAPE = ``', 'FROM alpine'),
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 17 }],
      output: null,
    },
    {
      name: 'a value with a space in it',
      code: df('# escape=\\ x', 'FROM alpine'),
      errors: [{ line: 1, column: 10, endLine: 1, endColumn: 13 }],
      output: null,
    },
    {
      name: 'after the syntax and check directives',
      code: df('# syntax=docker/dockerfile:1', '# check=skip=all', '# escape=;', 'FROM alpine'),
      errors: [{ line: 3, column: 10, endLine: 3, endColumn: 11 }],
      output: null,
    },
    {
      name: 'a repeated escape directive',
      code: df('# escape=\\', '# escape=`', 'FROM alpine'),
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 9, message: 'only one escape parser directive can be used' }],
      output: null,
    },
    {
      name: 'CRLF, no instructions',
      code: '# escape=/\r\n',
      errors: [{ line: 1, column: 10, endLine: 1, endColumn: 11 }],
      output: null,
    },
    {
      name: 'byte order mark',
      code: '\uFEFF# escape=x\nFROM alpine\n',
      errors: [{ line: 1, column: 11, endLine: 1, endColumn: 12 }],
      output: null,
    },
  ],
});
