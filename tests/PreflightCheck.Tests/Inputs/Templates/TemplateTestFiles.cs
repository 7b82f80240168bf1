using PreflightCheck.Core.Plan;

namespace PreflightCheck.Tests.Inputs.Templates;

internal static class TemplateTestFiles
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";

    /// <summary>An example template shipped with the CLI, read from the source tree.</summary>
    public static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PreflightCheck.sln")))
            {
                return Path.Combine(dir.FullName, "src", "PreflightCheck.Cli", "Examples", "templates", name);
            }
        }

        throw new InvalidOperationException($"no PreflightCheck.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The 1-based line and column where <paramref name="text"/> first occurs in the file, found independently of the readers.</summary>
    public static (int Line, int Column) Find(string path, string text)
    {
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(text, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (i + 1, column + 1);
            }
        }

        throw new InvalidOperationException($"\"{text}\" is not in {path}");
    }

    public static void AssertAt(SourceLocation? location, string path, int line, int column)
    {
        Assert.NotNull(location);
        Assert.Equal(path, location.File);
        Assert.Equal((line, column), (location.Line, location.Column));
    }

    public static ModelPlan Model(DeploymentPlan plan, string name) => Assert.Single(plan.Models, m => m.Name == name);
}
