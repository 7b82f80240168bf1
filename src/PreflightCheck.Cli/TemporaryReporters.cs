using PreflightCheck.Core.Reports;

// TEMPORARY until the reporters branch lands.
namespace PreflightCheck.Reporting
{
    internal static class Reporters
    {
        public static IReadOnlyList<IReporter> All { get; } = [new Plain()];

        public static bool TryGet(string name, out IReporter reporter)
        {
            reporter = All.FirstOrDefault(r => r.Name == name)!;
            return reporter is not null;
        }

        private sealed class Plain : IReporter
        {
            public string Name => "console";

            public string Extension => "txt";

            public void Write(Report report, ReporterOptions options, TextWriter writer)
            {
                foreach (var r in report.Results)
                {
                    writer.WriteLine($"{r.Outcome} {r.RuleId} {r.Target}: {r.Message}");
                }
            }
        }
    }
}
