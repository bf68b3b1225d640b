using Inkport.Conversion.Formats.Doc;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>Damaged .doc files (truncated, bytes flipped, runs overwritten; fixed seed) end with a
/// document or a documented failure, never another exception or a hang.</summary>
public sealed class WordBinaryMutationTests
{
    private static readonly int[] Documented =
    [
        JobStatusCodes.Encrypted, JobStatusCodes.OfficeFormatNotSupported, JobStatusCodes.Corrupt, JobStatusCodes.FileTooLarge,
    ];

    public static TheoryData<string> Inputs => FixtureFiles.Inputs("doc");

    [Theory, MemberData(nameof(Inputs))]
    public void Mutated_files_convert_or_fail_with_a_documented_status(string input)
    {
        var original = File.ReadAllBytes(Path.Combine(FixtureFiles.OutputRoot, input));
        var random = new Random(20240611 + input.Length);
        var failures = new List<string>();
        for (var round = 0; round < 60; round++)
        {
            var mutated = Mutate(original, random, out var how);
            var conversion = Task.Run(() => new DocConverter().Convert(new MemoryStream(mutated), new ConversionOptions { FileName = "mutated.doc" }));
            try
            {
                if (!conversion.Wait(TimeSpan.FromSeconds(30))) failures.Add($"round {round} ({how}): no result after 30 s");
            }
            catch (AggregateException e) when (e.InnerException is ConversionException c && Documented.Contains(c.JobStatus))
            {
            }
            catch (AggregateException e)
            {
                failures.Add($"round {round} ({how}): {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static byte[] Mutate(byte[] original, Random random, out string how)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                var length = random.Next(bytes.Length);
                how = $"truncated to {length}";
                return bytes[..length];
            case 1:
                var flips = 1 + random.Next(16);
                for (var i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                how = $"{flips} bits flipped";
                return bytes;
            case 2:
                // Structures live near the start of sectors: hit the first 4 KB (header, FAT, directory) hard.
                var at = random.Next(Math.Min(bytes.Length, 4096));
                var run = Math.Min(1 + random.Next(32), bytes.Length - at);
                random.NextBytes(bytes.AsSpan(at, run));
                how = $"{run} random bytes at {at}";
                return bytes;
            default:
                var start = random.Next(bytes.Length);
                var count = Math.Min(1 + random.Next(64), bytes.Length - start);
                bytes.AsSpan(start, count).Fill(random.Next(2) == 0 ? (byte)0xFF : (byte)0x00);
                how = $"{count} bytes filled at {start}";
                return bytes;
        }
    }
}
