"""The Whoosh index: analysis (jieba), schema, build-and-swap. Derived data, rebuilt at will."""
