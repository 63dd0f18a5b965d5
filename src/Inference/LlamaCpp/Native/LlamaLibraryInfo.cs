namespace ChatHub.Inference.LlamaCpp.Native;

/// <summary>What <see cref="LlamaLibrary.EnsureLoaded"/> found: the folder, llama.cpp's version string, the compute devices, the CPU features.</summary>
internal sealed record LlamaLibraryInfo(string Directory, string Version, int DeviceCount, string SystemInfo);
