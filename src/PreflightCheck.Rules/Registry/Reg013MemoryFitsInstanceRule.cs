using System.Globalization;
using PreflightCheck.Core.Facts;
using PreflightCheck.Core.Rules;

namespace PreflightCheck.Rules.Registry;

/// <summary>PFC-REG-013: the container's peak memory during the smoke test stays within the instance type's memory.</summary>
internal sealed class MemoryFitsInstanceRule : RunTestRule
{
    public override string Id => "PFC-REG-013";

    protected override Verdict Judge(RunTestFacts test)
    {
        var evidence = Common(test);
        if (test.PeakMemoryBytes is { } peak)
        {
            evidence["peakMemoryBytes"] = peak.ToString(CultureInfo.InvariantCulture);
        }

        if (test.MemoryLimitBytes is not { } limit)
        {
            return new Verdict(Outcome.Unknown, $"The memory of the model's instance type is not known to this tool, so the container ran without a limit{(test.PeakMemoryBytes is { } p ? $" (peak {MiB(p)})" : "")}. Pass --run-memory MIB to test against a limit.", evidence);
        }

        evidence["memoryLimitBytes"] = limit.ToString(CultureInfo.InvariantCulture);
        evidence["memoryLimitSource"] = test.MemoryLimitSource ?? "";
        if (test.OomKilled)
        {
            return new Verdict(Outcome.Fail, $"The container was killed for exceeding its {MiB(limit)} memory limit ({test.MemoryLimitSource}): on that instance it would be killed the same way. Choose an instance type with more memory or reduce what the model loads.", evidence);
        }

        if (test.ExitCode == 137)
        {
            // SIGKILL while nothing stopped it: under a memory limit that is the kernel's OOM killer, which some engines
            // (Podman on cgroup v1) do not report as OOMKilled.
            return new Verdict(Outcome.Fail, $"The container was killed by SIGKILL (exit code 137) while running under its {MiB(limit)} memory limit ({test.MemoryLimitSource}); nothing else stops it during the test, so it most likely ran out of memory (the engine did not confirm an OOM kill). Choose an instance type with more memory or reduce what the model loads.", evidence);
        }

        if (test.PeakMemoryBytes is not { } used)
        {
            return new Verdict(Outcome.Unknown, $"The engine reported no memory use for the container (limit {MiB(limit)}, {test.MemoryLimitSource}).", evidence);
        }

        return used < limit
            ? new Verdict(Outcome.Pass, $"Peak memory {MiB(used)} stayed within the {MiB(limit)} limit ({test.MemoryLimitSource}){(test.PingReadyMs is null ? ", though the container never became healthy (see PFC-REG-011)" : "")}.", evidence)
            : new Verdict(Outcome.Fail, $"Peak memory {MiB(used)} reached the {MiB(limit)} limit ({test.MemoryLimitSource}). Choose an instance type with more memory or reduce what the model loads.", evidence);
    }
}
