namespace Tellal.Testing;

public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tellal-it-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that just died may still hold a file; the temporary folder is cleaned by the OS.
        }
    }
}
