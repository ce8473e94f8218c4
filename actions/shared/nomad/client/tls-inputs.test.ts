import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../errors.js'
import { inputsFrom } from '../../inputs.js'
import { tlsFiles } from './ca-file.js'
import { readNomadTls } from './tls-inputs.js'

/** A real certificate and key, made by the openssl CLI (not hand-written PEM). */
function realPair(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tls-inputs-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        '/CN=cli.global.nomad',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem')
      ],
      { stdio: 'ignore' }
    )
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const pair = realPair()

describe('readNomadTls', () => {
  it('takes a real certificate and key as PEM text, and paths as they are', () => {
    const tls = readNomadTls(
      inputsFrom({
        'nomad-ca-cert': '/etc/nomad.d/tls/ca.pem',
        'nomad-client-cert': pair.cert,
        'nomad-client-key': pair.key,
        'nomad-tls-server-name': 'server.global.nomad'
      })
    )
    expect(tls).toEqual({
      caCert: '/etc/nomad.d/tls/ca.pem',
      clientCert: pair.cert.trim(),
      clientKey: pair.key.trim(),
      serverName: 'server.global.nomad'
    })
  })

  it('refuses a certificate without its key, and a key without its certificate', () => {
    expect(() => readNomadTls(inputsFrom({ 'nomad-client-cert': pair.cert }))).toThrow(
      /'nomad-client-cert' is set without 'nomad-client-key': expected both/
    )
    expect(() => readNomadTls(inputsFrom({ 'nomad-client-key': pair.key }))).toThrow(
      /'nomad-client-key' is set without 'nomad-client-cert'/
    )
  })

  it('refuses a key pasted as the certificate (and the reverse) without echoing it', () => {
    const swapped = () =>
      readNomadTls(inputsFrom({ 'nomad-client-cert': pair.key, 'nomad-client-key': pair.cert }))
    expect(swapped).toThrow(InputError)
    expect(swapped).toThrow(/'nomad-client-cert' .* no complete CERTIFICATE block/)
    try {
      swapped()
    } catch (error) {
      expect(String(error)).not.toContain(pair.key.split('\n')[1])
    }
    expect(() =>
      readNomadTls(inputsFrom({ 'nomad-client-cert': pair.cert, 'nomad-client-key': pair.cert }))
    ).toThrow(/'nomad-client-key' .* no complete PRIVATE KEY block/)
    expect(() =>
      readNomadTls(inputsFrom({ 'nomad-ca-cert': '-----BEGIN CERTIFICATE-----\ncut off' }))
    ).toThrow(/'nomad-ca-cert' .* no complete CERTIFICATE block/)
  })
})

describe('tlsFiles', () => {
  it('writes PEM text to 0600 files in one private folder, keeps paths, and removes the folder', () => {
    const parent = mkdtempSync(join(tmpdir(), 'tls-files-'))
    try {
      const files = tlsFiles(
        { caCert: '/etc/ca.pem', clientCert: pair.cert, clientKey: pair.key },
        parent
      )
      expect(files.caCert).toBe('/etc/ca.pem')
      for (const path of [files.clientCert, files.clientKey]) {
        expect(path).toBeDefined()
        expect(statSync(path ?? '').mode & 0o777).toBe(0o600)
      }
      expect(readFileSync(files.clientKey ?? '', 'utf8')).toBe(pair.key)
      files.remove()
      expect(existsSync(files.clientCert ?? '')).toBe(false)
      expect(existsSync(files.clientKey ?? '')).toBe(false)
    } finally {
      rmSync(parent, { recursive: true, force: true })
    }
  })

  it('writes nothing when every value is a path', () => {
    const parent = mkdtempSync(join(tmpdir(), 'tls-files-'))
    try {
      const files = tlsFiles({ caCert: '/a', clientCert: '/b', clientKey: '/c' }, parent)
      expect(files).toMatchObject({ caCert: '/a', clientCert: '/b', clientKey: '/c' })
      expect(execFileSync('ls', ['-A', parent], { encoding: 'utf8' })).toBe('')
    } finally {
      rmSync(parent, { recursive: true, force: true })
    }
  })
})
