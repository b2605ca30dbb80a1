#!/bin/bash
# The QEMU machines ebb boots on, for make run, tests/vm/lib.sh and make
# bench (docs/building.md, "Boot"):
#   ./machine.sh MACHINE qemu     QEMU's machine options, one per line
#   ./machine.sh MACHINE bus      the suffix of its virtio devices (virtio-blk-pci
#                                 or virtio-blk-device): pci or device
#   ./machine.sh MACHINE append   kernel command line words for it
# MACHINE: pc (QEMU's default: SeaBIOS, PCI, ACPI, IDE) or microvm (qboot,
# virtio-mmio, hardware-reduced ACPI; no PCI, IDE, -cdrom or VGA). Both boot
# build/vmlinux, the same kernel, through its PVH entry.
set -euo pipefail

usage() {
	echo "usage: $0 pc|microvm qemu|bus|append" >&2
	exit 2
}

# The host's TSC rate in kHz: under TCG the guest's TSC is the host's.
# x86 Linux derives BogoMIPS from it (lpj = tsc_khz * 1000 / HZ).
host_tsc_khz() {
	awk '/^bogomips/ { printf "%d\n", $3 * 500 + 0.5; found = 1; exit }
		END { if (!found) exit 1 }' /proc/cpuinfo ||
		{ echo "$0: no bogomips in /proc/cpuinfo: the host's TSC rate is unknown" >&2; exit 1; }
}

# Words for either machine, each saving a step QEMU does not need:
# noreplace-smp: with one vCPU the kernel would rewrite every SMP lock
#   prefix in its text, a TLB flush each under TCG (0.1-0.2 s);
# no_timer_check: QEMU's timer interrupt works, no need to test it;
# lapic_timer_hz: QEMU's local APIC counts at 1 GHz (under KVM too), so
#   the 100 ms calibration is skipped (kernel-patches/0003).
COMMON_APPEND="noreplace-smp no_timer_check lapic_timer_hz=1000000000"

machine_pc() {
	case $1 in
	# No PCI hotplug in its ACPI tables: acpi_init interprets half the AML.
	qemu) printf '%s\n' -M pc -global PIIX4_PM.acpi-root-pci-hotplug=off ;;
	bus) echo pci ;;
	# acpi=noirq: PCI interrupts routed by SeaBIOS's MP table, not by ACPI's
	# _PRT, an AML loop that the kernel runs again for each PCI device
	# (0.1-0.2 s each under TCG); ACPI still handles the power button and
	# poweroff.
	append) echo "$COMMON_APPEND acpi=noirq" ;;
	*) usage ;;
	esac
}

machine_microvm() {
	case $1 in
	# ACPI on: its power button and poweroff (S5) are what ends QEMU; no
	# option ROMs, PIT or PIC (hardware-reduced ACPI has no legacy IRQs);
	# the RTC for the wall clock.
	qemu) printf '%s\n' -M microvm,acpi=on,x-option-roms=off,pit=off,pic=off,rtc=on ;;
	bus) echo device ;;
	# microvm has no HPET or PM timer to measure the TSC against (KVM's
	# kvmclock would tell it): the host states the rate, and it is
	# reliable (it is the host's own TSC). lpj, the delay loop's rate at
	# ebb's HZ=250, spares each further vCPU its own calibration (0.15 s;
	# delays are timed by the TSC anyway). No PCI to probe.
	append)
		local khz
		khz=$(host_tsc_khz)
		echo "$COMMON_APPEND tsc_early_khz=$khz tsc=reliable lpj=$((khz * 1000 / 250)) pci=off" ;;
	*) usage ;;
	esac
}

[ $# -eq 2 ] || usage
case $1 in
pc | microvm) "machine_$1" "$2" ;;
*) usage ;;
esac
