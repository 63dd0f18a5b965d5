using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

public sealed class InMemoryBroadcastStoreTests() : BroadcastStoreSpec(new InMemoryBackend());
