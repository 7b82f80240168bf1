using System.Diagnostics;
using System.Text;

namespace PreflightCheck.IntegrationTests.Cli;

/// <summary>
/// Hostile inputs (issue 12): each ends within 10 s and under 300 MB with one line naming the file and exit 2. The bounds are
/// correctness here, measured on the CLI process itself (peak RSS by getrusage in a python3 parent).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(10);
    private const long MaxRssBytes = 300L * 1000 * 1000;

    private const string Request = """
        {"ModelName":"vpc-model","ExecutionRoleArn":"arn:aws:iam::123456789012:role/SageMakerExecutionRole",
         "PrimaryContainer":{"Image":"127.0.0.1:5000/team/model:1.0"},
         "VpcConfig":{"SecurityGroupIds":["sg-0a1b2c3d4e5f67890"],"Subnets":["subnet-0123456789abcdef0"]}}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("preflight-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static async Task<string> AssertBoundedOneLineError(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var (result, peak) = await PreflightProcess.RunMeasuredAsync(args, timeout: TimeSpan.FromSeconds(60));
        clock.Stop();

        Assert.True(clock.Elapsed < MaxTime, $"took {clock.Elapsed.TotalSeconds:0.0} s: {result.StdErr}");
        Assert.True(peak < MaxRssBytes, $"peak RSS {peak / 1e6:0} MB: {result.StdErr}");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
        Assert.True(line.Length < 600, $"{line.Length} characters: {line[..Math.Min(200, line.Length)]}");
        return line;
    }

    private static string Tf(string modelName) => """
        {"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[{"address":"aws_sagemaker_model.this",
         "mode":"managed","type":"aws_sagemaker_model","name":"this","change":{"actions":["create"],"after":{"name":"MODEL",
         "primary_container":[{"image":"127.0.0.1:5000/team/model:1.0"}]},"after_unknown":{},"after_sensitive":{}}}]}
        """.Replace("MODEL", modelName, StringComparison.Ordinal);

    private static string Cfn(string modelName) => """
        {"Resources":{"Model":{"Type":"AWS::SageMaker::Model","Properties":{"ModelName":"MODEL",
         "ExecutionRoleArn":"arn:aws:iam::123456789012:role/SageMakerExecutionRole","PrimaryContainer":{"Image":"127.0.0.1:5000/team/model:1.0"}}}}}
        """.Replace("MODEL", modelName, StringComparison.Ordinal);

    [Fact]
    public async Task Check_WhenRequestHasALoneSurrogateEscape_NamesItsPosition()
    {
        var path = Write("request.json", Request.Replace("vpc-model", "vpc\\ud800model", StringComparison.Ordinal));

        var line = await AssertBoundedOneLineError("check", "--offline", "--request", path);

        Assert.Equal($"error: {path}:1:14: a string holds an escape of a lone UTF-16 surrogate (such as \\ud800), which is not text", line);
    }

    [Fact]
    public async Task Check_WhenEndpointConfigHasALoneSurrogateEscape_NamesItsPosition()
    {
        var request = Write("request.json", Request);
        var config = Write("config.json", """{"EndpointConfigName":"c","ProductionVariants":[{"VariantName":"\udbff","ModelName":"vpc-model"}]}""");

        var line = await AssertBoundedOneLineError("check", "--offline", "--request", request, "--endpoint-config", config);

        Assert.StartsWith($"error: {config}:1:64: a string holds an escape of a lone UTF-16 surrogate", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenTemplatesHoldALoneSurrogateEscape_NamesItsPosition()
    {
        var cfn = Write("template.json", Cfn("m\\ud800"));
        var tf = Write("plan.json", Tf("m\\udc00"));

        Assert.Contains($"{cfn}:1:81: a string holds", await AssertBoundedOneLineError("check", "--offline", "--template", cfn), StringComparison.Ordinal);
        Assert.Contains($"{tf}:2:109: a string holds", await AssertBoundedOneLineError("check", "--offline", "--template", tf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenFactsHoldALoneSurrogateEscape_NamesItsPosition()
    {
        var example = File.ReadAllText(Path.Combine(PreflightProcess.RepositoryRoot, "src", "PreflightCheck.Cli", "Examples", "vpc-model.facts.json"));
        var facts = Write("facts.json", example.Replace("\"vpc-model.request.json\"", "\"vpc-model\\ud800.json\"", StringComparison.Ordinal));

        var line = await AssertBoundedOneLineError("check", "--facts", facts);

        Assert.Equal($"error: {facts}:5:15: not a preflight facts file: a string holds an escape of a lone UTF-16 surrogate (such as \\ud800), which is not text", line);
    }

    [Fact]
    public async Task Check_WhenFactsErrorWouldQuoteTheFile_QuotesAShortExcerpt()
    {
        var rest = string.Concat(Enumerable.Range(1, 1083).Select(i => $"line {i} of something that is not JSON\n"));
        var facts = Write("facts.json", "{\"schemaVersion\": 1, \"" + rest + "\": 1}");

        var line = await AssertBoundedOneLineError("check", "--facts", facts);

        Assert.StartsWith($"error: {facts}:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3 of", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenConfigStartsWithDocumentEnd_SaysMalformed()
    {
        var request = Write("request.json", Request);
        var config = Write(".preflight.yml", "...\nlevels:\n  PFC-CFG-001: note\n");

        var line = await AssertBoundedOneLineError("check", "--offline", "--request", request, "--config", config);

        Assert.StartsWith($"error: {config}:1:1: malformed YAML", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenConfigNestsTenThousandFlowLevels_RefusesTheDepth()
    {
        var request = Write("request.json", Request);
        var config = Write(".preflight.yml", "levels: " + new string('[', 10_000) + new string(']', 10_000) + "\n");

        var line = await AssertBoundedOneLineError("check", "--offline", "--request", request, "--config", config);

        Assert.Equal($"error: {config}:1:40: the document nests deeper than 32 levels", line);
    }

    public static TheoryData<string, string> SpecialFiles => new()
    {
        { "--request", "/dev/zero" },
        { "--request", "/dev/urandom" },
        { "--request", "fifo" },
        { "--request", "loop" },
        { "--request", "/proc/self/mem" },
        { "--endpoint-config", "/dev/urandom" },
        { "--endpoint-config", "fifo" },
        { "--template", "/dev/zero" },
        { "--template", "fifo" },
        { "--template", "/proc/self/mem" },
        { "--config", "/dev/zero" },
        { "--config", "fifo" },
        { "--facts", "/dev/urandom" },
        { "--facts", "loop" },
        { "--invoke-sample", "/dev/zero" },
        { "--invoke-sample", "fifo" },
    };

    [Theory]
    [MemberData(nameof(SpecialFiles))]
    public async Task Check_WhenAnInputIsASpecialFile_RefusesItQuickly(string option, string file)
    {
        var path = file switch
        {
            "fifo" => MakeFifo(),
            "loop" => MakeLoop(),
            _ => file,
        };
        string[] args = option switch
        {
            "--request" or "--template" or "--facts" => ["check", "--offline", option, path],

            // Read when the run test is set up, before anything is dialled.
            "--invoke-sample" => ["check", "--request", Write("request.json", Request), "--rules", "PFC-REG-012", "--run-test", option, path],
            _ => ["check", "--offline", "--request", Write("request.json", Request), option, path],
        };

        var line = await AssertBoundedOneLineError(args);

        Assert.StartsWith($"error: {path}: ", line, StringComparison.Ordinal);
        var expected = file switch
        {
            "/dev/zero" or "/dev/urandom" => "is not a regular file (a character device)",
            "fifo" => "is not a regular file (a FIFO)",
            "loop" => "is a symbolic link that loops back on itself",
            _ => "cannot be read",
        };
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private string MakeFifo()
    {
        var path = Path.Combine(_dir, "fifo");
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private string MakeLoop()
    {
        var a = Path.Combine(_dir, "loop");
        File.CreateSymbolicLink(a, Path.Combine(_dir, "loop-b"));
        File.CreateSymbolicLink(Path.Combine(_dir, "loop-b"), a);
        return a;
    }

    private const string ModelHead = """
        Resources:
          Model:
            Type: AWS::SageMaker::Model
            Properties:
              ExecutionRoleArn: arn:aws:iam::123456789012:role/SageMakerExecutionRole

        """;

    private static string Levels(string first, Func<string, string> wrap)
    {
        var builder = new StringBuilder();
        builder.Append("    l0: &l0 ").Append(first).Append('\n');
        for (var i = 1; i <= 9; i++)
        {
            var aliases = string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10));
            builder.Append($"    l{i}: &l{i} ").Append(wrap(aliases)).Append('\n');
        }

        return builder.ToString();
    }

    private const string Container = """
              PrimaryContainer:
                Image: 127.0.0.1:5000/team/model:1.0

        """;

    // Ten aliases a level, nine levels: 10^9 nodes once expanded, from a file of under 1 KB.
    [Theory]
    [InlineData("a list bomb under Environment")]
    [InlineData("a !Join string bomb naming the model")]
    [InlineData("an !And condition bomb deciding the model")]
    public async Task Check_WhenACloudFormationYamlHoldsAnAliasBomb_RefusesTheAlias(string bomb)
    {
        var template = bomb switch
        {
            "a list bomb under Environment" => "Metadata:\n  Bomb:\n" + Levels("[x, x, x, x, x, x, x, x, x, x]", a => $"[{a}]")
                + ModelHead + Container + "        Environment:\n          BOMB: *l9\n",
            "a !Join string bomb naming the model" => "Metadata:\n  Bomb:\n" + Levels("xxxxxxxxxx", a => $"!Join ['', [{a}]]")
                + ModelHead + "      ModelName: *l9\n" + Container,
            _ => "Conditions:\n  Never: !Equals [a, b]\n  Bomb:\n" + Levels("!Equals [a, a]", a => $"!And [{a}]")
                + "  Big: !And [*l9, !Condition Never]\n"
                + ModelHead.Replace("    Type: AWS::SageMaker::Model", "    Type: AWS::SageMaker::Model\n    Condition: Big", StringComparison.Ordinal)
                + Container,
        };
        var path = Write("bomb.yaml", template);

        var line = await AssertBoundedOneLineError("check", "--offline", "--template", path);

        Assert.Contains("aliases expand the document past 1,000,000 nodes (an alias bomb?); refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenNestedSubsMultiplyTheirTextWithoutAliases_RefusesTheExpansion()
    {
        var value = "\"xxxxxxxxxx\"";
        for (var i = 0; i < 15; i++)
        {
            value = "{\"Fn::Sub\":[\"${a}${a}${a}${a}\",{\"a\":" + value + "}]}";
        }

        var path = Write("sub-bomb.json", Cfn("NAME").Replace("\"NAME\"", value, StringComparison.Ordinal));

        var line = await AssertBoundedOneLineError("check", "--offline", "--template", path);

        Assert.Contains("(an expansion bomb?); refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WhenTheFileNameHoldsANewline_ShowsItEscaped()
    {
        var path = Write("bad\nname.json", "{");

        var line = await AssertBoundedOneLineError("check", "--offline", "--request", path);

        Assert.StartsWith($"error: {path.Replace("\n", "\\n", StringComparison.Ordinal)}:1:2: malformed JSON", line, StringComparison.Ordinal);
    }
}
