import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tokenMayGoTo } from '../../shared/chain/token-policy.ts';

describe('where a hand-off may carry the IAM token', () => {
  for (const url of [
    'https://functions.yandexcloud.net/d4etestfunction00001?integration=raw',
    'https://FUNCTIONS.YandexCloud.NET/d4etestfunction00001',
    'https://functions.yandexcloud.net:443/d4etestfunction00001',
    'https://d5dtestgateway00001.apigw.yandexcloud.net/cancel',
    'https://d5dtestgateway00001.APIGW.yandexcloud.net/cancel',
  ]) {
    test(`Cloud Functions or API Gateway: ${url}`, () => {
      assert.equal(tokenMayGoTo(url, false), true);
    });
  }

  for (const url of [
    'https://functions.yandexcloud.net.evil.example/d4e',
    'https://evilfunctions.yandexcloud.net/d4e',
    'https://functions.yandexcloud.net@evil.example/d4e',
    'https://evil.example/functions.yandexcloud.net',
    'https://evil.example/?next=https://functions.yandexcloud.net',
    'https://apigw.yandexcloud.net/cancel',
    'https://d5dtestgateway00001.apigw.yandexcloud.net.evil.example/cancel',
    'https://d5dtestgateway00001apigw.yandexcloud.net/cancel',
    'https://storage.yandexcloud.net/bucket',
    'http://127.0.0.1:8080/functions/cancel-version-destruction',
    'not a url',
  ]) {
    test(`any other host, look-alikes included: ${url}`, () => {
      assert.equal(tokenMayGoTo(url, false), false);
    });
  }

  test('CHAIN_SEND_TOKEN=true sends it to any CHAIN_URL', () => {
    assert.equal(tokenMayGoTo('https://chain.example.com/receive', true), true);
    assert.equal(tokenMayGoTo('http://127.0.0.1:8080/chain', true), true);
  });
});
