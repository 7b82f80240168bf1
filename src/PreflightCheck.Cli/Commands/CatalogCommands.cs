using Cocona;
using PreflightCheck.Collectors.Tls;
using PreflightCheck.Core;
using PreflightCheck.Rules;

namespace PreflightCheck.Cli.Commands;

public sealed class CatalogCommands
{
    [Command("rules", Description = "List the rule catalogue: id, name, level, area, kind, title")]
    public int Rules() => CommandRunner.Run(() =>
    {
        var rows = BuiltInRules.Catalog.All.ToArray();
        var nameWidth = rows.Max(r => r.Name.Length);
        Console.Out.WriteLine($"{"ID",-12}  {"NAME".PadRight(nameWidth)}  {"LEVEL",-7}  {"AREA",-4}  {"KIND",-6}  TITLE");
        foreach (var rule in rows)
        {
            var title = rule.IsSecurity ? $"{rule.Title} [security]" : rule.Title;
            Console.Out.WriteLine($"{rule.Id,-12}  {rule.Name.PadRight(nameWidth)}  {rule.Level.ToString().ToLowerInvariant(),-7}  {rule.Area,-4}  {rule.Kind,-6}  {title}");
        }

        return 0;
    });

    [Command("explain", Description = "Show a rule's documentation")]
    public int Explain([Argument(Name = "ID", Description = "rule id (PFC-TLS-002) or name (public-ca-chain)")] string id) => CommandRunner.Run(() =>
    {
        var rule = BuiltInRules.Catalog.All.FirstOrDefault(r =>
            string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Name, id, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"unknown rule '{id}'{Suggestions.DidYouMean(Suggestions.ForRule(id, BuiltInRules.Catalog))}; 'preflight rules' lists them");
        Console.Out.WriteLine($"{rule.Id} {rule.Name}: {rule.Title}");
        Console.Out.WriteLine($"level: {rule.Level.ToString().ToLowerInvariant()}  area: {rule.Area}  kind: {rule.Kind}  tags: {string.Join(", ", rule.Tags)}");
        Console.Out.WriteLine();
        Console.Out.Write(rule.Markdown);
        if (rule.Id == "PFC-TLS-002")
        {
            var roots = PublicRoots.ShippedDescription;
            Console.Out.WriteLine();
            Console.Out.WriteLine($"Public root set shipped with this build: {roots.Count} roots dated {roots.Date}, from {roots.Source}.");
        }

        return 0;
    });
}
