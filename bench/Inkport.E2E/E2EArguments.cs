using System.Globalization;

namespace Inkport.E2E;

internal sealed record E2EArguments(string File, string? Type, string? Url, int? Pid, string? ServerDll, int PollMs, bool Multipart)
{
    public static bool TryParse(string[] args, out E2EArguments parsed)
    {
        parsed = null!;
        string? file = null, type = null, url = null, server = null;
        int? pid = null;
        var pollMs = 10;
        var multipart = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--type" when value is "docx" or "sheet" or "bitable": type = value; i++; break;
                case "--url" when value is not null: url = value.TrimEnd('/'); i++; break;
                case "--server" when value is not null: server = value; i++; break;
                case "--pid" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p): pid = p; i++; break;
                case "--poll-ms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0: pollMs = ms; i++; break;
                case "--multipart": multipart = true; break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && file is null: file = a; break;
                default: return false;
            }
        }
        if (file is null || !System.IO.File.Exists(file)) return false;
        parsed = new E2EArguments(file, type, url, pid, server, pollMs, multipart);
        return true;
    }
}
