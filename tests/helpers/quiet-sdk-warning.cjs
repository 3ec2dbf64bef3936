// Test runs print the AWS SDK's Node 20 support warning once per worker thread and process,
// hundreds of times; the README documents it for people. Silence it in tests only.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
