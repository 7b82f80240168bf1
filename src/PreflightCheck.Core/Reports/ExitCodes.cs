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
    public static int For(Report report, FailOn failOn, bool allowUnknown = false)
    {
        if (failOn == FailOn.Never)
        {
            return Ok;
        }

        var threshold = failOn switch
        {
            FailOn.Note => Level.Note,
            FailOn.Warning => Level.Warning,
            _ => Level.Error,
        };

        var active = report.Results.Where(r => r.Suppression is null && r.Level >= threshold).ToArray();
        if (active.Any(r => r.Outcome == Outcome.Fail))
        {
            return Findings;
        }

        return !allowUnknown && active.Any(r => r.Outcome is Outcome.Unknown or Outcome.Error) ? Unknown : Ok;
    }
}
