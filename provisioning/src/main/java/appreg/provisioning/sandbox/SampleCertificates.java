package appreg.provisioning.sandbox;

/**
 * Public certificates (base64 DER, as Graph's {@code keyCredential.key} carries them) for seeding a simulated tenant
 * with certificate credentials an audit judges: weak keys and weak signatures beside good ones. Made once with OpenSSL
 * 3.0 ({@code openssl req -x509 -newkey rsa:1024|rsa:2048|ec -sha256|-sha1|-md5 -days 36500}), valid until 2126, and kept
 * as text so that a seeded tenant is the same on every run; their private keys were never kept. appreg's own
 * {@code SelfSigned} signs only with SHA-256 or SHA-384, and making a key per registration would slow the seeding of
 * thousands.
 */
public final class SampleCertificates {
  private SampleCertificates() {}

  /** An RSA 1024-bit key, signed with SHA-256: too small (NIST disallows it; Entra refuses it at sign-in). Subject CN = appreg sample RSA 1024. */
  public static final String RSA_1024 = String.join("",
      "MIICIDCCAYmgAwIBAgIUNPYd98Hqox0tbAvw1dODMLu7l+QwDQYJKoZIhvcNAQELBQAwITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBs",
      "ZSBSU0EgMTAyNDAgFw0yNjEyMDIxMDA1NDhaGA8yMTI2MTEwODEwMDU0OFowITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBsZSBSU0Eg",
      "MTAyNDCBnzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEA6yukbVcwHnP0Xhcxp/gFIgQo9bgDlKXEhz9hgHHH0FpcqNMpt7fhP6Xt",
      "4wUsQc5kNTPssIulK5hhpLrkUZHt4W/pgMN0vQFLWXil7whT8tqbS4UB2VEKE8t7XaTKpj45mJsRmq5yEvPyrLyEsLp+lwHeiZ8F",
      "1tMupuCOsQHnNUcCAwEAAaNTMFEwHQYDVR0OBBYEFOxEB3tiPuv8pFuuFYzFE+mAa3VcMB8GA1UdIwQYMBaAFOxEB3tiPuv8pFuu",
      "FYzFE+mAa3VcMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADgYEA2HtnTssAdlI2Bx6bhsTPUaTY3LkWIeCuAv2LmhUE",
      "/bMPAO+wFAxHc8JHVD0m4dretD7FNt2snjH8k2eDJzLaWsBfxXA6eNQaYgou/PHlUOJfbKta/01RzxVM1IizRdi/7z8rwwVmszQX",
      "5FB01M5ZXuEvOac770dZYPOyYD9B2DA=");

  /** An RSA 2048-bit key in a certificate signed with SHA-1 (sha1WithRSAEncryption). Subject CN = appreg sample SHA-1 signed. */
  public static final String SHA1_SIGNED = String.join("",
      "MIIDLTCCAhWgAwIBAgIUSURiZrVv+brOSIg2KfKeEewAuOkwDQYJKoZIhvcNAQEFBQAwJTEjMCEGA1UEAwwaYXBwcmVnIHNhbXBs",
      "ZSBTSEEtMSBzaWduZWQwIBcNMjYxMjAyMTAwNTQ4WhgPMjEyNjExMDgxMDA1NDhaMCUxIzAhBgNVBAMMGmFwcHJlZyBzYW1wbGUg",
      "U0hBLTEgc2lnbmVkMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAzlJsz7ivhc90sq1Cw8qWRjU1LePHQ1RneG7UX1lT",
      "TlaXepZgqyxbfvwUZa/zXV1nDhNLPWM/2msxcILbPeotfIiwzqJFK0perdoLP6Cl4JmfpnN7mzXLJOImpx7eGKkVs5bK6BdBoaQ9",
      "9q0nrvUdRappKcdBMTBvy3h4ZyYaZx2IqCaAVQvE99ajcwpOd/XlvJ6fYt90DhP09ifO9a8ItNkvVlj8xjGwbNlVTXmUZuttQcCv",
      "vaKZ1lvOhtTZpyM7tAybom22kV/d0ZJbrH8mqYCzpuPz7shtlsQCfCnj7166at3fC3qYcqBkHmrcrlB7IH9/IvH/x8f8ctMq+HgZ",
      "LwIDAQABo1MwUTAdBgNVHQ4EFgQUtjO+9R57mRUJOgkRF2q9eVhJJ+wwHwYDVR0jBBgwFoAUtjO+9R57mRUJOgkRF2q9eVhJJ+ww",
      "DwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQUFAAOCAQEAN5+sv60C5x68ZskRTNlybvGLY5gMO2rrtQKN1RnxxVlx3iaO9IT8",
      "XAueaXTytwdmDvzyMIsk2WUCLnA0KsCelFl5m+a/GyBamdggOCj1c7RpkbqBX1dUTQH2Q+3PS71pHdB1dF5jpi9bXtF9HYNvHxQg",
      "wBNEjWus9MTtNuC2LgD8IcxHOQWV1ctJHz1lB9bNkI4I1ko6S5HRzc9zXZq8dLNyc/hT8ESMBD4fOoiGwLTUU41NBE8BRU7dvTeY",
      "gltGCrClhO1xNIEsqjGeu45BKk5QEGJTamEDbsg5JhyRsPFmDoySwJIO+rmGnRdgnJJtgQ38Tcj5ovcQKgbE9v0e6w==");

  /** An RSA 2048-bit key in a certificate signed with MD5 (md5WithRSAEncryption). Subject CN = appreg sample MD5 signed. */
  public static final String MD5_SIGNED = String.join("",
      "MIIDKTCCAhGgAwIBAgIUS6WQ4jN3YQiUuc7PXVOenHgEkAIwDQYJKoZIhvcNAQEEBQAwIzEhMB8GA1UEAwwYYXBwcmVnIHNhbXBs",
      "ZSBNRDUgc2lnbmVkMCAXDTI2MTIwMjEwMTAyNFoYDzIxMjYxMTA4MTAxMDI0WjAjMSEwHwYDVQQDDBhhcHByZWcgc2FtcGxlIE1E",
      "NSBzaWduZWQwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDR79VkwNpGpoaFJUCPKcMpGVsrGY+loT3cVo5CCjHtVI/v",
      "SR7MtXBzsEYXjp5YKfTXW4mWKGpzjs+m9iVPacd220cqsQ9u+aUW8ynZwtyJu4pwHXRsHwAn0Wdly5ecypf8iF6lxbxwVckMI9yx",
      "D1J9SaL1wpPd8Y+yTE/FFFX4QThuksAKU8+NpUfDclKGDdD8GD3u4AoHWuJtxqR7dSYu3IYKeglsuDeVFgJ5mIpQvx+UJwlCozPE",
      "tPtV53gL38nWCifGGaZkclI+P2/RUVffqfkhD3UzZz9Y3lqfAn5qUOTkT6mg3xCWd6cHn8/a4b0jFmJFI3JTgv3dTJ+HoJO7AgMB",
      "AAGjUzBRMB0GA1UdDgQWBBSIbG6T+vZ1nN+tmuyg48vrnT4JvjAfBgNVHSMEGDAWgBSIbG6T+vZ1nN+tmuyg48vrnT4JvjAPBgNV",
      "HRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBBAUAA4IBAQCcTQXiWg8B/yAOabwraItrs0OxbldpfwOZ8nk0KOfMKqu8H5+XPB1DJJ2T",
      "0oNWHxyCdrdLItzYiYWP2Dna4LyEAtnvreg1I03e45Bv8Pz64GLE17KEXiUzZkntV/S5e5tLGY90Wp/QJbWwYJ4n/hQSzKgZt+Fg",
      "WS4Q+wvG6Tws8kSVdzwTcl9Bs6G2T4ZDlnVJ3e8Rb+eSYAP8yW94K14HT1Js7fCQeWJPsoQ298bQT87lLMID7zPbEifM8WClu4T9",
      "+5fbSlwa9V1ExEixJ1w1+hb1HdEoXngBZdFjfJbEVoV/VnWEh+nWaXLfoxvv1wWjdfogYTPfoai+skoBr00W");

  /** An RSA 2048-bit key, signed with SHA-256: strong enough. Subject CN = appreg sample RSA 2048. */
  public static final String RSA_2048 = String.join("",
      "MIIDJTCCAg2gAwIBAgIUUCEhf6SyufyztJ/+akaejgyuoUswDQYJKoZIhvcNAQELBQAwITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBs",
      "ZSBSU0EgMjA0ODAgFw0yNjEyMDIxMDA1NDlaGA8yMTI2MTEwODEwMDU0OVowITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBsZSBSU0Eg",
      "MjA0ODCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKtdFUlUq7Z764ixnkUB06bt7g6aksJv6rPImPUGA7/eDRFucVqs",
      "+Mei+tZaMNmBiwm2u6wsitEqQnfkjJKYTHkHh74zg68OMMabqDnwvlHCrmpXakd3tT/KcpU8u+yExTRpLLV8FmKK6NEbQph4h1Fr",
      "42VPu7kQnhKt12/6VkaG/Rb+31Y9lOQeODJZ2t75S+oZF79Y5sTWV3O38TL4U71Xj3qPUJGkcKlOrxPm/7zzylr4fj/IASWV9FRh",
      "WPYLN/RDxaBvxcSHhT6TrUaa+mn6J3ihDdonuuxetdqj+IHuszXAdeLM3Td32ocKOMelAWPekNKYi9bxw05T0fAhnA8CAwEAAaNT",
      "MFEwHQYDVR0OBBYEFOVBDqCdefxz6PDcPLvl2+n3G5AdMB8GA1UdIwQYMBaAFOVBDqCdefxz6PDcPLvl2+n3G5AdMA8GA1UdEwEB",
      "/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAIC2NEfntN8P4o1jdu5Ns9048Q9C/L0/eDcmqPU4AcYiz0vthvyTRqnkml09ZRGx",
      "uoz/hnxI7VO4htfsX0uXfGFuG0NEWIgUhUsWPZD6MkAeXfVW1VVqpPHsvi8fn7QzZdpPnTKmIH4hr7UbHTL6av0zPr20LBVXE8Ax",
      "viX42Qxq7mRLt/Npd++3IjiwPJC1tUIZPzQ8km62z/QM2OGsQ/aHkI0OXvhTeSyZBbIUqUtJNdjuqHcppXhAct0/4cMse2OLH9yl",
      "bGsMnCESh+Cfx7GMXxGwbmqi8uoMdbxKoDMLKg3juI1cpO5lL8IkcS2qEYps1fcXIabJUtJluvYcglQ=");

  /** An EC P-224 key, signed with ECDSA and SHA-256: below P-256. Subject CN = appreg sample EC P-224. */
  public static final String EC_P224 = String.join("",
      "MIIBhjCCATSgAwIBAgIUTy13M9p6e0I7Wb5Lub4hjlcc2w0wCgYIKoZIzj0EAwIwITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBsZSBF",
      "QyBQLTIyNDAgFw0yNjEyMDIxMDA1NDlaGA8yMTI2MTEwODEwMDU0OVowITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBsZSBFQyBQLTIy",
      "NDBOMBAGByqGSM49AgEGBSuBBAAhAzoABLCzrxvnmsMMOeg4NSK8Zc8lbxLiQy1gvlBXI6aiFeXW3jc/I1SE8r070VS5ayPPKkEX",
      "QxJ/uBx/o1MwUTAdBgNVHQ4EFgQU/8vFAPIeQLJ2iHX4C/fQRjv0KxMwHwYDVR0jBBgwFoAU/8vFAPIeQLJ2iHX4C/fQRjv0KxMw",
      "DwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNAADA9Ah0A2qHEAjPKmEHt8r05KibcqS6fClMDqK4c6FEEJwIcU5D9JWzXqgzb",
      "pPsY/0JgSjptyFEjIRnc9+nDcQ==");

  /** An EC P-256 key, signed with ECDSA and SHA-256: strong enough. Subject CN = appreg sample EC P-256. */
  public static final String EC_P256 = String.join("",
      "MIIBmTCCAT+gAwIBAgIUQ6t2jZxgc4TEoVfMTJiJdYAcUYUwCgYIKoZIzj0EAwIwITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBsZSBF",
      "QyBQLTI1NjAgFw0yNjEyMDIxMDA1NDlaGA8yMTI2MTEwODEwMDU0OVowITEfMB0GA1UEAwwWYXBwcmVnIHNhbXBsZSBFQyBQLTI1",
      "NjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBg5xypHhphc/WT3EI/w/lYU0gvF06O13P8UPYJsiXMDzRPge3m0ssmYFNUyftRq",
      "eOlLEzRpI6pFsI/c+xGJVm2jUzBRMB0GA1UdDgQWBBQsFYE/8RvIQB2ouRbdg0G6aMbJxzAfBgNVHSMEGDAWgBQsFYE/8RvIQB2o",
      "uRbdg0G6aMbJxzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCgZUg813iB8sYIoDctpsFyLgXMqa5VgRV8SGz8",
      "6m1AiAIgPAllM8S50Mf/0/yIzZk+79Ks4jjIoXUEvGUPVfNs8qs=");
}
