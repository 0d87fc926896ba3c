using HeapLedger.Bench.Fleet;

// fleet-bench setup|load|verify|job ...: see bench/fleet/ingest.sh, which runs them in order.
var options = Arguments.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "setup" => await SetupVerb.RunAsync(options),
    "load" => await LoadVerb.RunAsync(options),
    "verify" => await VerifyVerb.RunAsync(options),
    "job" => await JobVerb.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: fleet-bench setup  --store STORE --devices N                       registers load-00000.. and a hub; prints the hub's token
               fleet-bench load   --url URL --token T --devices N --seconds S --batch B --clients C --result FILE [--csv FILE]
               fleet-bench verify --store STORE --result FILE                     the store holds what load acknowledged (count and checksum)
               fleet-bench job    --store STORE --csv FLEET.csv                   loads heapledger eval --write output, then times one detection run
        """);
    return 2;
}
