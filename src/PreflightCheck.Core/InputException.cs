namespace PreflightCheck.Core;

/// <summary>
/// Bad input from the user: printed as one line naming the file, line and column, exit code 2.
/// Never carries a secret: messages quote structure, not values that could be credentials.
/// </summary>
internal sealed class InputException : Exception
{
    public InputException(string message, string? file = null, int? line = null, int? column = null)
        : base(message)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string? File { get; }

    public int? Line { get; }

    public int? Column { get; }

    private const int MaxMessage = 400;

    public string OneLine()
    {
        // A file name or message may carry a newline (or quote a whole file); the error must stay one short line.
        var message = Excerpt.Of(Message, MaxMessage);
        if (File is null)
        {
            return $"error: {message}";
        }

        var file = Excerpt.OneLine(File);
        var where = Line is null ? file : Column is null ? $"{file}:{Line}" : $"{file}:{Line}:{Column}";
        return $"error: {where}: {message}";
    }
}
