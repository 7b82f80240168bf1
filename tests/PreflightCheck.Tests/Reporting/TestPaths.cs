using System.Runtime.CompilerServices;

namespace PreflightCheck.Tests.Reporting;

internal static class TestPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds PreflightCheck.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreflightCheck.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no PreflightCheck.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>A file beside the reporting tests in the source tree (not copied to the output: the test project file is shared).</summary>
    public static string ReportingFile(string relative, [CallerFilePath] string callerFile = "")
    {
        var besideCaller = Path.Combine(Path.GetDirectoryName(callerFile) ?? "", relative);
        if (File.Exists(besideCaller))
        {
            return besideCaller;
        }

        return Path.Combine(RepositoryRoot(), "tests", "PreflightCheck.Tests", "Reporting", relative);
    }
}
