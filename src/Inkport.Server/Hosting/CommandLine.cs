namespace Inkport.Server.Hosting;

/// <summary>Inkport's own switches, translated into configuration keys before the host reads them.</summary>
public static class CommandLine
{
    public const string DefaultUrl = "http://127.0.0.1:8700";

    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--in-memory":
                    result.Add("--Inkport:InMemory=true");
                    break;
                case "--no-rate-limits":
                    result.Add("--Inkport:RateLimits=false");
                    break;
                case var name when Switches.TryGetValue(name, out var key) && i + 1 < args.Length:
                    result.Add($"--{key}={args[++i]}");
                    break;
                default:
                    result.Add(WithValue(args[i]));
                    break;
            }
        }
        return [.. result];
    }

    /// <summary>Switches that take a value, and the configuration key each sets.</summary>
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "Inkport:DataDir",
        ["--storage"] = "Inkport:Storage",
        ["--connection"] = "ConnectionStrings:Inkport",
        ["--role"] = "Inkport:Role",
    };

    /// <summary>The "--switch=value" spelling of the same switches.</summary>
    private static string WithValue(string arg)
    {
        foreach (var (name, key) in Switches)
        {
            if (arg.StartsWith(name + "=", StringComparison.Ordinal))
                return $"--{key}={arg[(name.Length + 1)..]}";
        }
        return arg;
    }
}
