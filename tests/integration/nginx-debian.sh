#!/bin/sh
# nginx-debian.sh DIR ACCESS_LOG: writes DIR/nginx.conf, the nginx.conf
# Debian installs (/etc/nginx/nginx.conf, as the nginx-common package left
# it) with only what a private instance needs changed: the pid file and the
# logs go to DIR, ACCESS_LOG ("off" or a file), the temporary files to
# DIR, no daemon, `user` only when run as root, and DIR/site.conf included
# where Debian includes sites-enabled (conf.d, the machine's own, is left
# out).  The tests and the bench run bantin's site inside it: what an
# operator runs, with Debian's sendfile and tcp_nopush (docs/PERFORMANCE.md).
set -eu
[ $# -eq 2 ] || { echo "usage: nginx-debian.sh DIR ACCESS_LOG" >&2; exit 2; }
dir=$1
access=$2
src=/etc/nginx/nginx.conf

# Debian's file, unedited: its checksum is the one dpkg recorded.
want=$(dpkg-query -W -f='${Conffiles}\n' nginx-common 2>/dev/null |
    awk -v f="$src" '$1 == f { print $2 }')
have=$(md5sum <"$src" | cut -d' ' -f1)
if [ -z "$want" ] || [ "$want" != "$have" ]; then
	echo "nginx-debian.sh: $src is not the file nginx-common installed" \
	    "(md5 $have, dpkg says ${want:-nothing}); move it aside and run" \
	    "apt-get install --reinstall" \
	    "-o Dpkg::Options::=--force-confmiss nginx-common" >&2
	exit 1
fi

if [ "$(id -u)" -eq 0 ]; then user='&'; else user=''; fi
# Each line replaced must be there exactly once, as Debian writes it.
for line in 'user www-data;' 'pid /run/nginx.pid;' \
    'error_log /var/log/nginx/error.log;' 'http {' \
    'access_log /var/log/nginx/access.log;' \
    'include /etc/nginx/conf.d/*.conf;' 'include /etc/nginx/sites-enabled/*;'
do
	n=$(sed 's/^[[:space:]]*//' "$src" | grep -c -x -F "$line" || true)
	[ "$n" -eq 1 ] || {
		echo "nginx-debian.sh: '$line' is in $src $n times, not once;" \
		    "adjust tests/integration/nginx-debian.sh" >&2
		exit 1
	}
done
{
	echo "# $src of $(dpkg-query -W -f='${Package} ${Version}' nginx-common),"
	echo "# changed by tests/integration/nginx-debian.sh for a private instance."
	echo "daemon off;"
	ws='^\([[:space:]]*\)'
	sed -e "s|^user www-data;\$|$user|" \
	    -e "s|^pid .*;\$|pid $dir/nginx.pid;|" \
	    -e "s|^error_log .*;\$|error_log $dir/nginx-error.log;|" \
	    -e "s|${ws}access_log .*;\$|\1access_log $access;|" \
	    -e "s|${ws}include .*/conf.d/.*||" \
	    -e "s|${ws}include .*/sites-enabled/.*|\1include $dir/site.conf;|" \
	    -e "s|^http {\$|&\\
	client_body_temp_path $dir/client_body;\\
	fastcgi_temp_path $dir/fastcgi_temp;\\
	proxy_temp_path $dir/proxy_temp;\\
	uwsgi_temp_path $dir/uwsgi_temp;\\
	scgi_temp_path $dir/scgi_temp;|" "$src"
} >"$dir/nginx.conf"
# The site includes fastcgi_params relative to the configuration's
# directory.
cp /etc/nginx/fastcgi_params "$dir/"
