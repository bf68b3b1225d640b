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
                case "--data-dir" when i + 1 < args.Length:
                    result.Add($"--Inkport:DataDir={args[++i]}");
                    break;
                default:
                    result.Add(args[i].StartsWith("--data-dir=", StringComparison.Ordinal) ? "--Inkport:DataDir=" + args[i]["--data-dir=".Length..] : args[i]);
                    break;
            }
        }
        return [.. result];
    }
}
