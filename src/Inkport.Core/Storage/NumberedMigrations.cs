using System.Reflection;

namespace Inkport.Core.Storage;

/// <summary>One schema script of a store: <c>NNNN_description.sql</c>, applied once, in number order.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>Loads a store's migrations embedded as <c>&lt;prefix&gt;NNNN_description.sql</c>, refusing gaps and
/// misnamed scripts, so every store numbers its schema the same way.</summary>
public static class NumberedMigrations
{
    public static IReadOnlyList<Migration> LoadEmbedded(Assembly assembly, string resourcePrefix)
    {
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name, resourcePrefix))
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"migrations must be numbered 1, 2, 3... without gaps; found {migrations[i].Name}");
        }
        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName, string resourcePrefix)
    {
        var name = Path.GetFileNameWithoutExtension(resourceName[resourcePrefix.Length..]);
        var underscore = name.IndexOf('_');
        if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
            throw new InvalidOperationException($"migration {resourceName} is not named NNNN_description.sql");
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }
}
