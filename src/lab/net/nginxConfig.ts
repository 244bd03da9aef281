// The host's nginx, run inside a pod as the official image runs it: port 80, the stock welcome
// page, logs and temp files in the pod's own folder.
import { join } from 'node:path';

export function nginxConfig(dir: string): string {
  return `daemon off;
master_process on;
worker_processes 1;
user www-data;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} notice;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${join(dir, 'nginx-access.log')};
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  sendfile on;
  keepalive_timeout 65;
  server {
    listen 80;
    server_name localhost;
    location / {
      root /usr/share/nginx/html;
      index index.html index.htm;
    }
  }
}
`;
}
