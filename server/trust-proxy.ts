import express from "express";

/**
 * The `trust proxy` setting from TRUST_PROXY, in Express's own syntax: `loopback`
 * (the default), addresses or subnets separated by commas (`10.0.0.0/8, 192.168.1.7`),
 * a number of hops, `true` or `false`. It decides which address a sign-in is counted
 * against (X-Forwarded-For is believed only from trusted proxies).
 */
export function trustProxySetting(raw: string | undefined = process.env.TRUST_PROXY): boolean | number | string {
  const text = raw?.trim() ?? "";
  if (text === "") return "loopback";
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  if (/^\d+$/.test(text)) return Number(text);
  try {
    // Express compiles the setting when it is set: an unknown name or a malformed subnet throws here, at start.
    express().set("trust proxy", text);
  } catch (error) {
    throw new Error(
      `TRUST_PROXY no es válido («${text}»): ${(error as Error).message}. Usa loopback, direcciones o redes separadas por comas (10.0.0.0/8), un número de saltos, true o false.`,
    );
  }
  return text;
}
