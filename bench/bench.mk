# make bench [QUICK=1]: reclaim policies side by side, a fleet of VMs (density),
# boot time and sizes (bench/bench.py). Results: bench/results/ (QUICK=1: build/bench/partial/).
.PHONY: bench
bench: images tools
	python3 bench/bench.py $(if $(filter 1,$(QUICK)),--quick)
