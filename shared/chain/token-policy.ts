/**
 * Where the function's IAM token may travel with a hand-off: to Cloud Functions and API Gateway, whose
 * invoke URLs check it, and nowhere else unless CHAIN_SEND_TOKEN=true says so. The token acts with the
 * function's own rights (kms.admin for the cancel function), so an arbitrary CHAIN_URL must not get it.
 */
export function tokenMayGoTo(url: string, chainSendToken: boolean): boolean {
  if (chainSendToken) return true;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'functions.yandexcloud.net' || host.endsWith('.apigw.yandexcloud.net');
}
