using System.Runtime.CompilerServices;
using System.Text.Json;
using PreflightCheck.Core.Images;

namespace PreflightCheck.Tests.Images;

/// <summary>
/// GoReferenceVerdicts.jsonl holds what github.com/distribution/reference ParseNormalizedNamed (with go-digest,
/// sha256 and sha512 linked; its sha384 verdicts are overruled, see below) answered for generated and table inputs; GoReferenceVerdicts.harness.go.txt is the
/// program that wrote it. Go is not needed to run this test.
/// </summary>
public sealed class GoReferenceVerdictTests
{
    private sealed record Verdict(string In, bool Ok, string? Domain, string? Path, string? Tag, string? Digest);

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    [Fact]
    public void Parse_WhenComparedWithGoLibrary_AgreesExceptWhereDocumentedStricter()
    {
        var verdicts = File.ReadLines(Path.Combine(Here(), "GoReferenceVerdicts.jsonl"))
            .Select(line => JsonSerializer.Deserialize<Verdict>(line, Options)!)
            .ToList();
        Assert.True(verdicts.Count > 1000);
        Assert.Contains(verdicts, v => v.Ok);
        Assert.Contains(verdicts, v => !v.Ok);

        var disagreements = new List<string>();
        var stricter = 0;

        // The recording rejected every sha384 digest, yet go-digest registers sha384 beside sha256 and sha512 (and the
        // harness links crypto/sha512, which provides it); Docker pulls such references, so this parser accepts them.
        var sha384 = 0;
        foreach (var go in verdicts)
        {
            var mine = ImageReference.Parse(go.In);
            if (!go.Ok)
            {
                if (mine.Success && mine.Reference.Digest?.StartsWith("sha384:", StringComparison.Ordinal) == true)
                {
                    sha384++;
                }
                else if (mine.Success)
                {
                    disagreements.Add($"Go rejects, we accept: {go.In}");
                }

                continue;
            }

            if (!mine.Success)
            {
                if (IsDocumentedStricter(mine.Error))
                {
                    stricter++;
                }
                else
                {
                    disagreements.Add($"Go accepts, we reject: {go.In}: {mine.Error}");
                }

                continue;
            }

            var r = mine.Reference;
            if (r.NormalizedDomain != go.Domain || r.RepositoryForApi != go.Path || r.Tag != go.Tag || r.Digest != go.Digest)
            {
                disagreements.Add($"parts differ: {go.In}: ours {r.NormalizedDomain} {r.RepositoryForApi} {r.Tag} {r.Digest}, Go {go.Domain} {go.Path} {go.Tag} {go.Digest}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements.Take(20)));
        Assert.InRange(stricter, 1, verdicts.Count / 4);
        Assert.InRange(sha384, 1, 40);
    }

    private static bool IsDocumentedStricter(ImageReferenceError error) =>
        error.Message.Contains("CreateModel accepts at most 255", StringComparison.Ordinal)
        || error.Message.Contains("is out of range 1-65535", StringComparison.Ordinal)
        || error.Message.Contains("registry host", StringComparison.Ordinal);

    /// <summary>This file's folder; if the build mapped source paths away, found by walking up from the test binaries.</summary>
    private static string Here([CallerFilePath] string path = "")
    {
        var folder = System.IO.Path.GetDirectoryName(path);
        if (folder is not null && File.Exists(System.IO.Path.Combine(folder, "GoReferenceVerdicts.jsonl")))
        {
            return folder;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "PreflightCheck.Tests", "Images");
            if (File.Exists(System.IO.Path.Combine(candidate, "GoReferenceVerdicts.jsonl")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("GoReferenceVerdicts.jsonl not found beside the test source.");
    }
}
