// One Chromium and one app at a time: the machines running the suite have two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
