using System.Reflection;

namespace Inkport.Conformance.Tests;

/// <summary>Where things are in the repository, found from the test assembly's location.</summary>
internal static class RepoPaths
{
    /// <summary>The folder that holds Inkport.slnx, walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug, Release, ...).</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "InkportConfiguration")?.Value
        ?? throw new InvalidOperationException("The test assembly lacks its InkportConfiguration metadata.");

    /// <summary>The server built in the same configuration as the tests.</summary>
    public static string ServerDll => Path.Combine(Root, "src", "Inkport.Server", "bin", Configuration, "net10.0", "Inkport.Server.dll");

    /// <summary>The Node SDK flows (flow.mjs, package.json, node_modules).</summary>
    public static string NodeFlows => Path.Combine(Root, "tests", "Conformance", "node");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Inkport.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Inkport.slnx.");
    }
}
