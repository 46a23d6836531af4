# Throughput and p99 latency against connections, Keycloak and Tollgate, from side-by-side.sh's
# target/bench/sweep.dat ("server connections tokens_per_s p99_ms tokens_per_cpu_s" lines).
#
#   gnuplot -e "data='target/bench/sweep.dat'; out='docs/benchmark-side-by-side.png'" src/test/resources/bench/chart.gp
if (!exists("data")) data = 'target/bench/sweep.dat'
if (!exists("out")) out = 'docs/benchmark-side-by-side.png'
if (!exists("subtitle")) subtitle = ''
set terminal pngcairo size 1200,480 font 'sans,10'
set output out
set multiplot layout 1,3 title "client\\_credentials, RS256, same 2-vCPU machine, one after the other\n".subtitle
set key top left
set grid
set xlabel 'wrk connections'
set logscale x 2
set xtics (4, 8, 16, 32)
set ylabel 'tokens per second'
set yrange [0:*]
set title 'Throughput'
plot data using (strcol(1) eq 'tollgate' ? $2 : 1/0):3 with linespoints lw 2 pt 7 title 'Tollgate', \
     data using (strcol(1) eq 'keycloak' ? $2 : 1/0):3 with linespoints lw 2 pt 5 title 'Keycloak 26.7.3'
set ylabel 'tokens per server CPU-second'
set title 'Cost (higher is cheaper)'
plot data using (strcol(1) eq 'tollgate' ? $2 : 1/0):5 with linespoints lw 2 pt 7 title 'Tollgate', \
     data using (strcol(1) eq 'keycloak' ? $2 : 1/0):5 with linespoints lw 2 pt 5 title 'Keycloak 26.7.3'
set ylabel 'p99 latency (ms)'
set title 'p99 latency'
plot data using (strcol(1) eq 'tollgate' ? $2 : 1/0):4 with linespoints lw 2 pt 7 title 'Tollgate', \
     data using (strcol(1) eq 'keycloak' ? $2 : 1/0):4 with linespoints lw 2 pt 5 title 'Keycloak 26.7.3'
unset multiplot
