namespace ChatHub.LoadGen.Hosting;

/// <summary>Deletes a folder (a hub's storage) on dispose, after its process has exited.</summary>
internal sealed class FolderCleanup(string path) : IDisposable
{
    public void Dispose()
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // the memory mode never created it
        }
    }
}
