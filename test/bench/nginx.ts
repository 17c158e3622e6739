import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Debian's nginx (`apt-get install nginx-light`) as the bench's reverse proxy, configured in a temporary directory. */

const NGINX_PATHS = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"];

export interface Proxy {
  available: boolean;
  /** Why the proxy is not there. */
  reason?: string;
  /** `one` proxies to the first upstream only, `two` to all of them. */
  urls: { one: string; two: string };
  /** The origin the servers are told is theirs (PUBLIC_URL): the `two` address. */
  publicUrl: string;
  /** Writes the config for these upstreams (`http://127.0.0.1:PORT`) and starts nginx in the foreground. */
  route(upstreams: string[]): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on ${port}`);
}

export async function startNginx(): Promise<Proxy> {
  const binary = NGINX_PATHS.find((candidate) => fs.existsSync(candidate));
  const unavailable = (reason: string): Proxy => ({
    available: false,
    reason,
    urls: { one: "", two: "" },
    publicUrl: "",
    route: async () => {},
    close: async () => {},
  });
  if (!binary) return unavailable("nginx is not installed: apt-get install -y nginx-light");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "redacta-bench-nginx-"));
  // Workers may run as nobody: the temp paths must be theirs to write.
  fs.chmodSync(dir, 0o777);
  const [portOne, portTwo] = [await freePort(), await freePort()];
  let child: ChildProcess | null = null;
  return {
    available: true,
    urls: { one: `http://127.0.0.1:${portOne}`, two: `http://127.0.0.1:${portTwo}` },
    publicUrl: `http://127.0.0.1:${portTwo}`,
    async route(upstreams) {
      const servers = (list: string[]) => list.map((url) => `    server ${new URL(url).host};`).join("\n");
      const location = (upstream: string) => `
    location / {
      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }`;
      const temp = (name: string) => path.join(dir, name);
      const config = `
worker_processes 1;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  client_max_body_size 2m;
  upstream one {
${servers(upstreams.slice(0, 1))}
    keepalive 64;
  }
  upstream two {
${servers(upstreams)}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${portOne};${location("one")}
  }
  server {
    listen 127.0.0.1:${portTwo};${location("two")}
  }
}
`;
      fs.writeFileSync(temp("nginx.conf"), config);
      child = spawn(binary, ["-p", dir, "-c", temp("nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "inherit"] });
      const exited = new Promise<never>((_, reject) => child!.once("exit", (code) => reject(new Error(`nginx exited with ${code}: ${safeRead(temp("error.log"))}`))));
      await Promise.race([Promise.all([waitForPort(portOne, Date.now() + 10_000), waitForPort(portTwo, Date.now() + 10_000)]), exited]);
      exited.catch(() => undefined);
    },
    async close() {
      if (child && child.exitCode === null) {
        const gone = new Promise<void>((resolve) => child!.once("exit", () => resolve()));
        child.kill("SIGQUIT");
        const force = setTimeout(() => child?.kill("SIGKILL"), 5_000);
        await gone;
        clearTimeout(force);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").slice(-600);
  } catch {
    return "";
  }
}
