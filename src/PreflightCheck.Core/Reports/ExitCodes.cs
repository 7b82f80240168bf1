using PreflightCheck.Core.Rules;

namespace PreflightCheck.Core.Reports;

internal enum FailOn
{
    Never,
    Note,
    Warning,
    Error,
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Findings = 1;
    public const int InputError = 2;
    public const int Unknown = 3;

    /// <summary>A bug in the tool, not in its input; the value of BSD's EX_SOFTWARE.</summary>
    public const int InternalError = 70;

    /// <summary>
    /// 1 when anything at or above the threshold fails, else 3 when anything there could not be judged (unless
    /// <paramref name="allowUnknown"/>), else 0: a gate does not pass what it could not check.
    /// </summary>
    public static int For(Report report, FailOn failOn, bool allowUnknown = false) =>
        For(report, new Gate(failOn, UnknownFails: !allowUnknown));

    public static int For(Report report, Gate gate)
    {
        var failing = report.Results.Where(gate.Fails).ToArray();
        if (failing.Any(r => r.Outcome == Outcome.Fail))
        {
            return Findings;
        }

        return failing.Length > 0 ? Unknown : Ok;
    }
}
